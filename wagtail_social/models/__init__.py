from .charter import CharterAcceptance, CharterVersion
from .comments import CommentRemoval, CommentRevision, SearchableComment
from .followups import FollowupBatch, PendingFollowup
from .generation import Generation
from .helpful import HelpfulVote
from .notifying import DigestEntry, DigestSent, DiscussionFollow, NotificationPreference
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
    "DigestEntry",
    "DigestSent",
    "DiscussionFollow",
    "EffectivePolicy",
    "FollowupBatch",
    "Generation",
    "HelpfulVote",
    "NotificationPreference",
    "PageView",
    "ParticipationPolicy",
    "PendingFollowup",
    "Reaction",
    "ReportReason",
    "SearchableComment",
    "SocialSettings",
]
