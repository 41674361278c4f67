"""Who performs a write: a logged-in `User`, or a named `SystemActor` (the scheduler, an import,
the demo loader, a maintenance command). Every service takes one; there is no anonymous write.

A system actor is trusted to do what its program was written to do: capability and unit checks
pass for it, and the audit trail names it ("系统：演示数据"), so a write is never unattributed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from .models import OrgUnit, User


@dataclass(frozen=True)
class SystemActor:
    code: str
    label: str
    # False for a channel where nobody checks who is typing (the public portal, a partner's API):
    # what it sends about a person never changes that person's existing record.
    verifies_identity: bool = True

    # Duck-typed like an account where services read these.
    is_authenticated = False
    is_active = True
    is_superuser = False
    role = ""
    unit = None
    unit_id = None
    pk = None

    def __str__(self) -> str:
        return f"系统：{self.label}"


SCHEDULER = SystemActor("scheduler", "定时任务")
WORKER = SystemActor("worker", "后台任务")
IMPORT = SystemActor("import", "数据导入")
DEMO = SystemActor("demo", "演示数据")
MAINTENANCE = SystemActor("maintenance", "系统维护")
ROUTING = SystemActor("routing", "自动分派")
LOGIN = SystemActor("login", "登录验证")
AUDIT_TRAIL = SystemActor("audit", "操作日志")


@dataclass(frozen=True)
class UnitActor(SystemActor):
    """A named system actor that works for one unit: a partner system's API client. It reads
    through core.scoping as an account of that unit would (its unit and everything below it, and
    what is shared with them), and its writes name it and the unit as `on_behalf_of`."""

    acting_for: OrgUnit | None = None
    # A partner system vouches for nobody's identity (see SystemActor.verifies_identity).
    verifies_identity: bool = False

    is_authenticated = True  # authenticated by its token, so scoping treats it as an account

    @property
    def unit(self) -> OrgUnit | None:  # type: ignore[override]
        return self.acting_for

    @property
    def unit_id(self) -> int | None:  # type: ignore[override]
        return self.acting_for.pk if self.acting_for is not None else None


Actor = Union["User", SystemActor]


def is_system(actor: object) -> TypeIs[SystemActor]:
    return isinstance(actor, SystemActor)


def check_actor(actor: object) -> None:
    """Refuse a write without an actor: `None` is a programming error, never a bypass."""
    from .models import User

    if isinstance(actor, SystemActor):
        return
    if isinstance(actor, User) and actor.is_authenticated:
        return
    raise TypeError(f"A write needs a User or a SystemActor as actor, not {actor!r}.")


def actor_label(actor: Actor) -> str:
    """How the actor is named in records and the audit trail."""
    if isinstance(actor, SystemActor):
        return str(actor)
    return actor.get_username()
