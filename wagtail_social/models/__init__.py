from .charter import CharterAcceptance, CharterVersion
from .comments import CommentRemoval, CommentRevision
from .followups import FollowupBatch, PendingFollowup
from .generation import Generation
from .helpful import HelpfulVote
from .policy import EffectivePolicy, ParticipationPolicy
from .reactions import Reaction
from .reading import AnonymousPageView, PageView
from .reports import CommentReport, ReportReason
from .settings import SocialSettings

__all__ = [
    "CharterAcceptance",
    "CharterVersion",
    "AnonymousPageView",
    "CommentRemoval",
    "CommentReport",
    "CommentRevision",
    "EffectivePolicy",
    "FollowupBatch",
    "Generation",
    "HelpfulVote",
    "PageView",
    "ParticipationPolicy",
    "PendingFollowup",
    "Reaction",
    "ReportReason",
    "SocialSettings",
]
