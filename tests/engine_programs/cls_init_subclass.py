# __init_subclass__ (PEP 487): registries and class keyword arguments.
class Plugin:
    registry = {}

    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry[cls.plugin_name] = cls


class Json(Plugin, name="json"):
    pass


class Yaml(Plugin):
    pass


class Strict(Json, name="strict-json"):
    pass


print(sorted(Plugin.registry), Strict.plugin_name, Json.plugin_name)
print([c.__name__ for c in Strict.__mro__])
try:
    class Broken(Plugin, unknown=1):
        pass
except TypeError as exc:
    print("TypeError:", type(exc).__name__)
