"""The card-model benchmark: copies of one card model read through the page path."""

from benchmarks.card_models import FieldRead, main, read_copy, report
from samples.degrade import Level


def test_a_clean_2024_card_copy_is_read_and_reported_field_by_field(capsys):
    """GIVEN one clean copy of a 2024 identity card WHEN the benchmark reads it THEN every
    field the card prints is scored (the birth place, no place of origin) and the printed
    report gives the exact-match and auto-accept figures and each field's share."""
    reads = read_copy(0, model="2024", level=Level.CLEAN, seed=1000)
    assert {read.key for read in reads} == {"name", "dob", "sex", "id_number", "address", "birth_place",
                                            "expiry_date", "issue_date"}
    assert sum(read.right for read in reads) >= 7  # a clean copy reads (session 16: 96 of 96 over 12)
    main(["--model", "2021", "--level", "clean", "--copies", "1", "--workers", "1"])
    printed = capsys.readouterr().out
    assert printed.startswith("2021 cards, clean: 1 copies, field exact-match ")
    assert "place_of_origin" in printed and "birth_place" not in printed


def test_the_report_counts_wrong_auto_accepted_fields():
    reads = [FieldRead(0, "dob", "1990-01-02", "1990-01-02", 0.99, True),
             FieldRead(0, "name", "LÊ AN", "LÊ ÂN", 0.95, True),
             FieldRead(1, "name", "LÊ AN", None, 0.0, False)]
    lines = report(reads, "2024", Level.MILD)
    assert lines[0] == ("2024 cards, mild: 2 copies, field exact-match 1/3 = 33.3%; auto-accepted 66.7%, "
                        "wrong among them 1")
    assert lines[1] == "  dob 100%, name 0%"
    assert lines[2] == "  wrong: copy 0 name: 'LÊ ÂN' for 'LÊ AN' (0.950, auto-accepted)"
