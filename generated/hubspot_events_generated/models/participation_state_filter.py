from enum import StrEnum


class ParticipationStateFilter(StrEnum):
    ATTENDED = "ATTENDED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"
    REGISTERED = "REGISTERED"

    def __str__(self) -> str:
        return str(self.value)
