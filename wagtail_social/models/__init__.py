from .comments import CommentRemoval, CommentRevision
from .policy import EffectivePolicy, ParticipationPolicy
from .settings import SocialSettings

__all__ = [
    "CommentRemoval",
    "CommentRevision",
    "EffectivePolicy",
    "ParticipationPolicy",
    "SocialSettings",
]
