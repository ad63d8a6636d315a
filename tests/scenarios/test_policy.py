"""The precedence state machine on its own: examples, then random event sequences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st

from custom_components.voice_privacy.policy import AssistantPolicy

NIGHT = frozenset({"schedule"})
AWAY = frozenset({"away"})
BOTH = NIGHT | AWAY
NONE: frozenset[str] = frozenset()
LATER = datetime(2026, 11, 26, tzinfo=UTC) + timedelta(hours=1)


def test_rules_hold_private_and_restore_what_was_before() -> None:
    """A window makes the assistant private and gives back the state from before it."""
    policy = AssistantPolicy()
    assert policy.rules_changed(NIGHT, current=False) is True
    assert policy.wanted() is True
    assert policy.rules_changed(NIGHT, current=True) is None  # no change, no command
    assert policy.rules_changed(NONE, current=True) is False
    assert policy.wanted() is None


def test_manual_unmute_lasts_until_the_next_rule_change() -> None:
    """Unmuting by hand in the window holds; the next rule change wins again."""
    policy = AssistantPolicy()
    policy.rules_changed(NIGHT, current=False)
    policy.manual(False, current=True)
    assert policy.wanted() is False
    assert policy.rules_changed(BOTH, current=False) is True  # everyone left: private again
    policy.manual(False, current=True)
    assert policy.rules_changed(AWAY, current=False) is True  # the window ended, still away
    assert policy.rules_changed(NONE, current=True) is False  # back to before the rules


def test_temporary_change_ends_in_what_the_rules_want() -> None:
    """A temporary unmute in the window ends private; outside, it ends where it began."""
    policy = AssistantPolicy()
    policy.rules_changed(NIGHT, current=False)
    policy.manual(False, current=True, until=LATER)
    assert policy.temporary_ended() is True
    policy.rules_changed(NONE, current=True)
    policy.manual(True, current=False, until=LATER)
    policy.manual(True, current=True, until=LATER + timedelta(hours=1))  # extended
    assert policy.temporary_ended() is False  # the oldest state to go back to
    assert policy.temporary_ended() is None  # nothing pending


def test_rules_starting_during_a_temporary_change() -> None:
    """The rules replace the temporary change and remember what it would have restored."""
    policy = AssistantPolicy()
    policy.manual(True, current=False, until=LATER)
    assert policy.rules_changed(NIGHT, current=True) is True
    assert policy.override is None
    assert policy.rules_changed(NONE, current=True) is False


def test_store_round_trip() -> None:
    """What is stored reads back the same."""
    policy = AssistantPolicy()
    policy.rules_changed(NIGHT, current=False)
    policy.manual(False, current=True, until=LATER)
    assert AssistantPolicy.from_dict(policy.as_dict()) == policy
    assert AssistantPolicy.from_dict({}) == AssistantPolicy()


rule_sets = st.sampled_from([NONE, NIGHT, AWAY, BOTH])
events = st.lists(
    st.one_of(
        st.tuples(st.just("rules"), rule_sets),
        st.tuples(st.just("manual"), st.booleans(), st.booleans()),
        st.tuples(st.just("temporary_ended")),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(start=st.booleans(), sequence=events)
def test_never_live_while_a_rule_holds(start: bool, sequence: list[tuple]) -> None:
    """Whatever happens, an active rule that nobody overrode means private."""
    policy = AssistantPolicy()
    device = start
    for event in sequence:
        if event[0] == "rules":
            target = policy.rules_changed(event[1], device)
        elif event[0] == "manual":
            enabled, temporary = event[1], event[2]
            policy.manual(enabled, device, LATER if temporary else None)
            target = enabled
        else:
            target = policy.temporary_ended()
        if target is not None:
            device = target
        if policy.rules and policy.override is None:
            assert device is True
        wanted = policy.wanted()
        assert wanted is None or device is wanted
