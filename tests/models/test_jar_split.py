"""The arithmetic of savings jars (models/jar_split.py): exact cents, every cent somewhere, no jar drawn below zero."""

from __future__ import annotations

import pytest

from models.jar_split import JarState, draw_debit, split_credit, undo_allocation

SPEND, SAVE, GIVE = 1, 2, 3


def jars(*balances: int, percents: tuple[int, ...] = (70, 20, 10), spend: int = SPEND) -> list[JarState]:
    """Spend, save and give (in that order), holding ``balances``."""
    return [JarState(jar_id, percent, balance, jar_id == spend)
            for jar_id, percent, balance in zip((SPEND, SAVE, GIVE), percents, balances, strict=True)]


@pytest.mark.parametrize(("cents", "expected"), [
    (1, {SPEND: 1}),
    (2, {SPEND: 2}),  # 1.4, 0.4, 0.2: the tie of 0.4 goes to the spend jar
    (3, {SPEND: 2, SAVE: 1}),
    (99, {SPEND: 69, SAVE: 20, GIVE: 10}),
    (100, {SPEND: 70, SAVE: 20, GIVE: 10}),
    (101, {SPEND: 71, SAVE: 20, GIVE: 10}),
    (1005, {SPEND: 704, SAVE: 201, GIVE: 100}),  # 703.5, 201, 100.5: the half cent tie goes to spend
])
def test_a_credit_is_split_by_largest_remainder_in_whole_cents(cents, expected):
    assert split_credit(cents, jars(0, 0, 0)) == expected


def test_every_split_adds_up_and_keeps_each_jar_within_a_cent_of_its_exact_share():
    for percents in [(70, 20, 10), (34, 33, 33), (1, 1, 98), (50, 50, 0), (100, 0, 0)]:
        for cents in range(1, 400):
            split = split_credit(cents, jars(0, 0, 0, percents=percents))
            assert sum(split.values()) == cents
            for jar_id, percent in zip((SPEND, SAVE, GIVE), percents, strict=True):
                assert abs(split.get(jar_id, 0) - cents * percent / 100) < 1


def test_a_tie_of_remainders_goes_to_the_spend_jar_first_then_in_order():
    tied = jars(0, 0, 0, percents=(20, 40, 40), spend=GIVE)

    assert split_credit(1, tied) == {GIVE: 1}  # 0.2, 0.4, 0.4
    assert split_credit(2, tied) == {GIVE: 1, SAVE: 1}  # 0.4, 0.8, 0.8


def test_a_jar_of_zero_percent_gets_nothing_from_a_credit():
    assert split_credit(7, jars(0, 0, 0, percents=(50, 50, 0))) == {SPEND: 4, SAVE: 3}


def test_a_debit_empties_the_spend_jar_first_then_the_others_in_order():
    assert draw_debit(300, jars(500, 200, 100)) == {SPEND: -300}
    assert draw_debit(600, jars(500, 200, 100)) == {SPEND: -500, SAVE: -100}
    assert draw_debit(800, jars(500, 200, 100)) == {SPEND: -500, SAVE: -200, GIVE: -100}
    assert draw_debit(250, jars(0, 200, 100, spend=GIVE)) == {GIVE: -100, SAVE: -150}


def test_only_a_debit_beyond_all_the_jars_takes_the_spend_jar_below_zero():
    assert draw_debit(900, jars(500, 200, 100)) == {SPEND: -600, SAVE: -200, GIVE: -100}


def test_undoing_a_credit_takes_back_exactly_what_each_jar_got_while_the_jars_hold_it():
    assert undo_allocation({SPEND: 70, SAVE: 20, GIVE: 10}, jars(100, 50, 10)) == {SPEND: -70, SAVE: -20, GIVE: -10}


def test_undoing_a_credit_whose_money_moved_on_draws_the_rest_like_a_debit():
    # save got 20 but holds 5 now (a transfer): the 15 it lacks come from spend (5 left), then from give
    assert undo_allocation({SPEND: 70, SAVE: 20, GIVE: 10}, jars(75, 5, 30)) == {SPEND: -75, SAVE: -5, GIVE: -20}


def test_undoing_a_debit_gives_each_jar_back_what_was_drawn_from_it():
    assert undo_allocation({SPEND: -500, SAVE: -100}, jars(0, 100, 100)) == {SPEND: 500, SAVE: 100}


def test_money_given_back_to_a_removed_jar_goes_to_the_spend_jar():
    removed = 9
    assert undo_allocation({SPEND: -50, removed: -30}, jars(0, 0, 0)) == {SPEND: 80}
    assert undo_allocation({removed: 30, SAVE: 20}, jars(100, 20, 0)) == {SAVE: -20, SPEND: -30}


def test_nothing_moves_for_nothing():
    assert split_credit(0, jars(0, 0, 0)) == {}
    assert draw_debit(0, jars(5, 5, 5)) == {}
