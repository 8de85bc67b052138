"""environment.yml (conda) must list the same packages and lower bounds as pyproject.toml.

Conda channels cannot be reached from the build machines, so this test is what keeps the
file truthful for the coordinators who install with conda.
"""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def _environment() -> dict[str, str]:
    out = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    deps = text.split("dependencies:", 1)[1]
    for line in deps.splitlines():
        m = re.match(r"^  - ([A-Za-z][A-Za-z0-9_.\-]*)(.*)$", line)
        if m and m.group(1) not in {"python", "pip"}:
            name, spec = _split(m.group(1) + m.group(2))
            out[name] = spec
    return out


def test_environment_yml_lists_same_packages_as_pyproject():
    assert _environment() == _pyproject()


def test_environment_yml_pins_python_like_pyproject():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert f"python{data['project']['requires-python']}" in text.replace(" ", "")


def test_constraints_pin_every_direct_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line:
            name, ver = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = ver.strip()
    missing = [n for n in _pyproject() if n not in pins and n != "jupyterlab"]
    assert not missing, f"constraints.txt lacks pins for {missing}"
