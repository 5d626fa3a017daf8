"""The travel model as matrices: road km and whole minutes between places.

Road km is the great-circle distance (R = 6371 km) times the road factor; minutes are
km ÷ speed, rounded up to the minute. numpy computes a matrix for a few thousand places
at once; `settings.road_km` and `settings.minutes_for` are the same rule for one pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coordinator.services.planning.geo import EARTH_RADIUS_KM
from coordinator.services.planning.settings import PlanSettings

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


class TravelMatrix:
    """Road km and minutes between every pair of `points` (latitude, longitude)."""

    def __init__(self, points: Sequence[tuple[float, float]], settings: PlanSettings) -> None:
        import numpy as np

        coordinates = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
        phi = coordinates[:, 0][:, None]
        lam = coordinates[:, 1][:, None]
        a = (
            np.sin((phi.T - phi) / 2) ** 2
            + np.cos(phi) * np.cos(phi.T) * np.sin((lam.T - lam) / 2) ** 2
        )
        great_circle = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        self.km: NDArray[np.float64] = great_circle * settings.road_factor
        # As settings.minutes_for, for every pair at once.
        self.minutes: NDArray[np.int64] = np.ceil(self.km / settings.speed_kmh * 60 - 1e-9).astype(
            np.int64
        )
        np.maximum(self.minutes, 0, out=self.minutes)

    def __len__(self) -> int:
        return int(self.km.shape[0])
