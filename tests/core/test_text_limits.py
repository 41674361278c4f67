"""Every text a user types has a limit fitting its paper form, and a Chinese message past it."""

import contextlib
import importlib
import inspect
import pkgutil

from django import forms

import sifasuo


def _form_classes():
    for module_info in pkgutil.walk_packages(sifasuo.__path__, "sifasuo."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _fields(cls):
    """The declared fields, plus those a form adds in __init__ when it can be built bare."""
    found = dict(cls.base_fields)
    with contextlib.suppress(Exception):  # forms that need their context (user, unit…) to build
        found.update(cls().fields)
    return found


def test_every_text_field_of_every_form_has_a_maximum_length():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in _fields(cls).items()
        # A UUID field is bounded by its format (it accepts nothing but a UUID).
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.UUIDField)
        and not field.max_length
    ]
    assert unbounded == []
    assert len(list(_form_classes())) > 20  # the scan found the platform's forms
