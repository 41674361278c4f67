from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sifasuo.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import OrgUnit, Share
        from .scoping import forget_resolved

        for model in (OrgUnit, Share):
            post_save.connect(
                forget_resolved, sender=model, dispatch_uid=f"forget-{model.__name__}"
            )
            post_delete.connect(
                forget_resolved, sender=model, dispatch_uid=f"forget-del-{model.__name__}"
            )
