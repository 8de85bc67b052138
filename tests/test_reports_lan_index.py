"""One index for the whole county: grouped by area (the county's reports first) and by step within a
group, each entry with its date, status and data basis."""
import re

from lagesbild_methods.runner import index


def test_index_groups_by_area_and_step_with_data_basis(tmp_path):
    def rep(kod, kommun, mall, exempel=True, status="ok"):
        f = tmp_path / f"{kod}_{mall}.html"
        f.write_text("x", encoding="utf-8")
        return {"id": f"{kod}_{mall}", "kommunkod": kod, "kommun": kommun, "mall": mall, "status": status,
                "html": str(f), "exempeldata": exempel, "skapad": "2025-12-01T10:00:00+01:00",
                **({"fel": "Brottsfilen finns inte"} if status != "ok" else {})}

    reports = [rep("0331", "Heby", "steg2_orsaksanalys"), rep("0330", "Knivsta", "steg1_lagesbild", exempel=False),
               rep("03", "Uppsala län", "processuppfoljning_lan"), rep("0331", "Heby", "steg1_lagesbild"),
               rep("03", "Uppsala län", "lan_lagesbild"), rep("0380", "Uppsala", "steg1_lagesbild", status="fel")]
    page = index.render_index({"skapad": "2025-12-01T10:00:00+01:00", "rapporter": reports}, tmp_path)
    groups = re.findall(r'<tr class="grupp"><th colspan="7" scope="rowgroup">(.*?)</th>', page)
    assert groups == ["Uppsala län", "Heby", "Knivsta", "Uppsala"]
    rows = re.findall(r'<tr><th scope="row">.*?</th><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td class="tid">(.*?)</td>'
                      r'<td>(.*?)</td>', page)
    assert [(s, m) for s, m, *_ in rows] == [
        ("Steg 1", "lan_lagesbild"), ("Steg 5", "processuppfoljning_lan"), ("Steg 1", "steg1_lagesbild"),
        ("Steg 2", "steg2_orsaksanalys"), ("Steg 1", "steg1_lagesbild"), ("Steg 1", "steg1_lagesbild")]
    assert [r[4] for r in rows] == ["Övningsdata"] * 4 + ["Egna data", "Övningsdata"]
    assert all("1 december 2025" in r[3] for r in rows)
    assert "Misslyckades" in rows[-1][2] and "Klar" in rows[0][2]
