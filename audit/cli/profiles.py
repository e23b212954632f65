"""``audit profiles``: the series profiles in effect, and ``audit profiles check FILE``."""

from __future__ import annotations

import click

from audit.cli.common import LANG, user_errors
from audit.cli.localise import Localised, LocalisedGroup
from audit.cli.options import CONFIG, PROFILE


@click.group("profiles", cls=LocalisedGroup, invoke_without_command=True, help="help.profiles")
@CONFIG
@PROFILE
@LANG
@click.pass_context
def profiles_group(
    ctx: click.Context, config: str | None, profiles: tuple[str, ...], lang: str | None
) -> None:
    """List the series profiles in effect: built-in, [tool.audit] profiles, and --profile FILE."""
    if ctx.invoked_subcommand is not None:
        return
    from audit.config import load_settings
    from audit.messages import text
    from audit.profiles import active_profiles, use_profiles

    with user_errors():
        use_profiles(load_settings(config, profiles=profiles).profiles)
        for profile in active_profiles():
            titles = "、".join(profile.titles)
            click.echo(
                text(
                    "profile_line",
                    id=profile.id,
                    zh=profile.zh,
                    en=profile.en,
                    titles=titles,
                    n=len(profile.metrics),
                    path=profile.path,
                )
            )


@profiles_group.command("check", cls=Localised, help="help.profiles.check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@LANG
def check_profile_command(file: str, lang: str | None) -> None:
    """Validate a profile file: every problem on a line of its own (key: what is wrong); exit 2 if any."""
    from audit.profiles import check_profile

    problems = check_profile(file)
    for problem in problems:
        click.echo(f"{file}: {problem}", err=True)
    if problems:
        raise SystemExit(2)
    from audit.messages import text

    click.echo(text("profile_valid", path=file))
