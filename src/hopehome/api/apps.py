from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hopehome.api"
    label = "api"
    verbose_name = "API"
