"""Parameter files, command-line overrides and the checks done before any kernel starts."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from analysis.config import DEFAULT_FACTS
from analysis.errors import ParameterProblems, ParamsFileError
from analysis.pipeline import params as P
from analysis.pipeline.runner import RunConfig, add_run_arguments, prepare, run_from_cli

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path) -> RunConfig:
    return RunConfig(notebooks_dir=FIXTURES, reports_dir=tmp_path / "reports", cache_dir=tmp_path / "cache")


@pytest.fixture
def declared():
    return P.declared_parameters(sorted(FIXTURES.glob("*.ipynb")))


class TestReadParametersCell:
    def test_names_types_defaults_and_help(self):
        declared = P.read_parameters_cell(FIXTURES / "00_first.ipynb")
        assert list(declared) == ["facts", "region", "period", "baseline_period", "lang", "change_reading",
                                  "figure_format", "figures_dir"]
        assert declared["period"].type == "str" and declared["period"].default == "2025"
        assert declared["lang"].help == "report language: en, kk or ru"

    def test_notebook_without_parameters_cell(self, tmp_path):
        nb = write(tmp_path / "x.ipynb", '{"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1"}]}')
        with pytest.raises(ParamsFileError, match="no cell tagged 'parameters'"):
            P.read_parameters_cell(nb)


class TestReadParamsFile:
    def test_reads_name_title_and_parameters(self, tmp_path):
        f = write(tmp_path / "a.yaml", "name: a-en\ntitle: T\nparameters:\n  lang: en\n  period: 2025\n")
        pset, problems = P.read_params_file(f)
        assert problems == []
        assert (pset.name, pset.title, pset.parameters) == ("a-en", "T", {"lang": "en", "period": 2025})
        assert pset.origin("lang").endswith("a.yaml") and pset.origin("region") == "notebook default"

    def test_missing_file(self, tmp_path):
        with pytest.raises(ParamsFileError, match=r"nope\.yaml: parameter file not found"):
            P.read_params_file(tmp_path / "nope.yaml")

    def test_malformed_yaml_names_file_and_line(self, tmp_path):
        f = write(tmp_path / "bad.yaml", "name: x\nparameters:\n  lang: [en\n")
        with pytest.raises(ParamsFileError, match=r"bad\.yaml: not valid YAML at line \d+"):
            P.read_params_file(f)

    @pytest.mark.parametrize("text, got", [("- a\n- b\n", "a list"), ("", "an empty file"), ("42\n", "a int")])
    def test_not_a_mapping(self, tmp_path, text, got):
        f = write(tmp_path / "list.yaml", text)
        with pytest.raises(ParamsFileError, match=f"expected a mapping .*got {got}"):
            P.read_params_file(f)

    def test_unknown_key_and_bad_name_are_problems(self, tmp_path):
        f = write(tmp_path / "a.yaml", "name: ../escape\nparams:\n  lang: en\n")
        _, problems = P.read_params_file(f)
        assert any("unknown key 'params'" in p for p in problems)
        assert any("key 'name' must be a folder name" in p for p in problems)


class TestApplyOverrides:
    def base(self, name="astana-2025-en", **parameters):
        parameters = parameters or {"lang": "en"}
        return P.ParameterSet(name=name, parameters=parameters, origins=dict.fromkeys(parameters, "f.yaml"))

    def test_language_list_expands_and_renames(self, declared):
        sets = P.apply_overrides([self.base()], [("lang", "en,kk,ru")], declared)
        assert [(s.name, s.parameters["lang"]) for s in sets] == [
            ("astana-2025-en", "en"), ("astana-2025-kk", "kk"), ("astana-2025-ru", "ru")]
        assert sets[1].origin("lang") == P.CLI_ORIGIN

    def test_name_without_the_old_value_gets_a_suffix(self, declared):
        sets = P.apply_overrides([self.base("custom", lang="en")], [("figure_format", "png,svg")], declared)
        assert [s.name for s in sets] == ["custom", "custom-svg"]

    def test_two_lists_give_every_combination(self, declared):
        sets = P.apply_overrides([self.base()], [("lang", "en,kk"), ("change_reading", "points,relative")],
                                 declared)
        assert len(sets) == 4 and len({s.name for s in sets}) == 4

    @pytest.mark.parametrize("name, value, folder", [
        ("period", "2025-H1", "astana-2025-en-period-2025-H1"),
        ("period", "2025-01/2025-09", "astana-2025-en-period-2025-01_2025-09"),
        ("baseline_period", "2023", "astana-2025-en-baseline-2023"),
        ("region", "North Kazakhstan", "astana-2025-en-region-North_Kazakhstan"),
        ("facts", "data/facts/zhambyl-2025.csv", "astana-2025-en-facts-zhambyl-2025"),
    ])
    def test_an_override_that_changes_the_content_names_the_folder(self, declared, name, value, folder):
        base = self.base(lang="en", period="2025", baseline_period="2024", region="Astana",
                         facts="data/facts/astana-2025.csv")
        [pset] = P.apply_overrides([base], [(name, value)], declared)
        assert pset.name == folder

    def test_an_override_with_the_same_value_keeps_the_folder(self, declared):
        base = self.base(lang="en", period="2025", facts="data/facts/astana-2025.csv")
        sets = P.apply_overrides([base], [("period", "2025-01/2025-12"), ("facts", "data/facts/astana-2025.csv")],
                                 declared)
        assert [s.name for s in sets] == ["astana-2025-en"]

    def test_facts_comma_list_is_one_value(self, declared):
        sets = P.apply_overrides([self.base()], [("facts", "a.csv,b.csv")], declared)
        assert len(sets) == 1 and sets[0].parameters["facts"] == "a.csv,b.csv"


class TestResolveSet:
    def resolve(self, declared, **parameters):
        pset = P.ParameterSet(name="x", parameters=parameters, origins=dict.fromkeys(parameters, "x.yaml"))
        return pset, P.resolve_set(pset, declared)

    def test_defaults_fill_in_and_strings_convert(self, declared):
        pset, problems = self.resolve(declared, period=2025, baseline_period="2024-01/2024-12", lang="kk")
        assert problems == []
        assert pset.parameters["period"] == "2025" and pset.parameters["region"] == "Astana"
        assert pset.parameters["baseline_period"] == "2024"
        assert "figures_dir" not in pset.parameters

    def test_unknown_name_lists_the_valid_ones(self, declared):
        _, problems = self.resolve(declared, langauge="en")
        assert problems == ["x.yaml: parameter 'langauge': unknown parameter; the notebooks' parameters are "
                            "baseline_period, change_reading, facts, figure_format, figures_dir, lang, period, region"]

    @pytest.mark.parametrize("name, value, expected", [
        ("period", "twenty", "period 'twenty': expected a period such as 2025, 2025-H1"),
        ("period", True, "expected text"),
        ("period", "2025-H3", "period '2025-H3': expected a period such as"),
        ("lang", "de", "expected one of en, kk, ru, got 'de'"),
        ("change_reading", "both", "expected one of points, relative"),
        ("figure_format", "jpg", "expected one of png, svg"),
        ("period", "2225", "the year 2225 is outside 1900–2100"),
        ("baseline_period", "2025", "expected a period before 'period' (2025), got 2025"),
        ("baseline_period", "2025-H1", "expected a period before 'period' (2025), got 2025-H1"),
        ("figures_dir", "x", "set by the runner"),
        ("region", {"a": 1}, "expected text"),
    ])
    def test_one_message_per_problem(self, declared, name, value, expected):
        _, problems = self.resolve(declared, **{name: value})
        assert len(problems) == 1
        assert problems[0].startswith(f"x.yaml: parameter {name!r}") and expected in problems[0]

    def test_facts_as_a_yaml_list_joins(self, declared):
        pset, problems = self.resolve(declared, facts=["a.csv", "b.csv"])
        assert problems == [] and pset.parameters["facts"] == "a.csv,b.csv"


class TestPrepare:
    def test_valid_file_gives_a_plan(self, tmp_path, config):
        f = write(tmp_path / "a.yaml", "name: a-kk\nparameters:\n  lang: kk\n")
        [plan] = prepare([str(f)], [], config)
        assert plan.name == "a-kk" and plan.facts == [DEFAULT_FACTS]
        assert (plan.facts_entry / "claims.csv").is_file()

    def test_sets_sharing_their_facts_share_one_checked_entry(self, tmp_path, config, monkeypatch):
        from analysis.core import facts as facts_module

        loads = []
        original = facts_module.load_facts
        monkeypatch.setattr(facts_module, "load_facts", lambda *a, **k: loads.append(a) or original(*a, **k))
        f = write(tmp_path / "a.yaml", "name: a\n")
        plans = prepare([str(f)], [("lang", "en,kk,ru")], config)
        assert len(plans) == 3 and len(loads) == 1
        assert len({p.facts_entry for p in plans}) == 1
        assert all((p.facts_entry / "claims.csv").is_file() for p in plans)  # the cache entry, not a removed folder

    def test_every_problem_of_every_file_is_reported(self, tmp_path, config):
        a = write(tmp_path / "a.yaml", "name: a\nparameters:\n  lang: de\n  period: 20x5\n")
        b = write(tmp_path / "b.yaml", "name: b\nparameters:\n  facts: data/facts/missing.csv\n")
        with pytest.raises(ParameterProblems) as info:
            prepare([str(a), str(b), str(tmp_path / "c.yaml")], [("colour", "red")], config)
        problems = info.value.problems
        assert len(problems) == 5
        assert any("c.yaml: parameter file not found" in p for p in problems)
        assert any("'colour': unknown parameter" in p for p in problems)
        assert any("a.yaml: parameter 'lang'" in p for p in problems)
        assert any("a.yaml: parameter 'period'" in p for p in problems)
        assert any("b.yaml: parameter 'facts': file data/facts/missing.csv not found" in p for p in problems)

    def test_facts_schema_is_checked(self, tmp_path, config):
        bad = tmp_path / "bad.csv"
        text = DEFAULT_FACTS.read_text(encoding="utf-8").replace(",count,", ",pieces,", 1)
        write(bad, text)
        f = write(tmp_path / "a.yaml", f"name: a\nparameters:\n  facts: {bad}\n")
        with pytest.raises(ParameterProblems) as info:
            prepare([str(f)], [], config)
        [problem] = info.value.problems
        assert "parameter 'facts'" in problem and "bad.csv" in problem and "column 'unit'" in problem

    def test_region_without_facts(self, tmp_path, config):
        f = write(tmp_path / "a.yaml", "name: a\nparameters:\n  region: Almaty\n")
        expected = "parameters 'region'/'period': no facts for 'Almaty' in 2025 .* cover Astana 2024, Astana 2025"
        with pytest.raises(ParameterProblems, match=expected):
            prepare([str(f)], [], config)

    def test_baseline_period_without_facts_is_a_warning(self, tmp_path, config):
        f = write(tmp_path / "a.yaml", "name: a\nparameters:\n  baseline_period: 2023\n")
        [plan] = prepare([str(f)], [], config)
        [warning] = plan.warnings
        assert "parameter 'baseline_period' is 2023" in warning and "no figure of Astana for 2023" in warning
        g = write(tmp_path / "b.yaml", "name: b\n")
        [plan] = prepare([str(g)], [], config)
        assert plan.warnings == []

    def test_baseline_period_warning_is_printed(self, tmp_path, capsys):
        parser = argparse.ArgumentParser()
        add_run_arguments(parser)
        f = write(tmp_path / "a.yaml", "name: a\nparameters:\n  lang: de\n  baseline_period: 2023\n")
        args = parser.parse_args(["--params", str(f), "--notebooks", str(FIXTURES), "--reports",
                                  str(tmp_path / "reports"), "--cache-dir", str(tmp_path / "cache")])
        assert run_from_cli(args) == 2
        g = write(tmp_path / "b.yaml", "name: b\nparameters:\n  baseline_period: 2023\n")
        args.params = [str(g)]
        run_from_cli(args)
        assert "warning: b: parameter 'baseline_period' is 2023" in capsys.readouterr().err

    def test_two_sets_with_one_name(self, tmp_path, config):
        a = write(tmp_path / "a.yaml", "name: same\n")
        b = write(tmp_path / "b.yaml", "name: same\n")
        with pytest.raises(ParameterProblems, match="report name 'same' is also produced by"):
            prepare([str(a), str(b)], [], config)


class TestCommandLine:
    def args(self, tmp_path, *argv):
        parser = argparse.ArgumentParser()
        add_run_arguments(parser)
        return parser.parse_args([*argv, "--notebooks", str(FIXTURES), "--reports", str(tmp_path / "reports"),
                                  "--cache-dir", str(tmp_path / "cache")])

    def test_bad_input_exits_2_and_writes_no_report(self, tmp_path, capsys):
        f = write(tmp_path / "a.yaml", "name: a\nparameters:\n  lang: de\n")
        code = run_from_cli(self.args(tmp_path, "--params", str(f), "-p", "period", "x"))
        err = capsys.readouterr().err.splitlines()
        assert code == 2
        assert len(err) == 2 and all(line.startswith("error: ") for line in err)
        assert not (tmp_path / "reports").exists()

    def test_missing_notebooks_folder(self, tmp_path, capsys):
        args = self.args(tmp_path)
        args.notebooks = str(tmp_path / "none")
        assert run_from_cli(args) == 2
        assert "--notebooks: folder" in capsys.readouterr().err

    def test_copy_of_notebooks_needs_no_parameters_cell_change(self, tmp_path):
        # A folder of notebooks without any parameters cell is refused before anything runs.
        folder = tmp_path / "nbs"
        shutil.copytree(FIXTURES, folder)
        write(folder / "00_first.ipynb", '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
        config = RunConfig(notebooks_dir=folder, reports_dir=tmp_path / "r", cache_dir=tmp_path / "c")
        f = write(tmp_path / "a.yaml", "name: a\n")
        with pytest.raises(ParameterProblems, match="00_first.ipynb: no cell tagged 'parameters'"):
            prepare([str(f)], [], config)
