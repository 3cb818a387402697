"""The three kinds of account; access rules and navigation are written in these terms."""
import enum


class Role(enum.Enum):
    ADMIN = "admin"
    PRACTITIONER = "practitioner"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return self.value.capitalize()
