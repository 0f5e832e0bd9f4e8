from .ballots import ChoiceTally, NamedVote, Voter
from .polls import Choice, Poll

__all__ = ["Choice", "ChoiceTally", "NamedVote", "Poll", "Voter"]
