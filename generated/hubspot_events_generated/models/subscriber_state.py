from enum import StrEnum


class SubscriberState(StrEnum):
    ATTEND = "attend"
    CANCEL = "cancel"
    REGISTER = "register"

    def __str__(self) -> str:
        return str(self.value)
