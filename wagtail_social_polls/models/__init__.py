from .ballots import ChoiceTally, NamedVote, Voter
from .placements import PollPlacement
from .polls import Choice, Poll

__all__ = ["Choice", "ChoiceTally", "NamedVote", "Poll", "PollPlacement", "Voter"]
