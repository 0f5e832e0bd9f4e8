"""The search app's tables."""

from __future__ import annotations

from .pending import StaleAccess

__all__ = ["StaleAccess"]
