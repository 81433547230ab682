"""manage.py render_forms on an empty database (tests/demo/ renders the demo's forms)."""

from django.core.management import call_command


def test_it_says_so_when_there_is_nothing_to_render(db, tmp_path, capsys):
    call_command("render_forms", out=tmp_path)
    assert "run `seed_demo` first" in capsys.readouterr().out
