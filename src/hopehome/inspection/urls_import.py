from django.urls import path
from django.views.generic import TemplateView

# Scaffolding: replaced by the real views of this module.
urlpatterns = [path("", TemplateView.as_view(template_name="errors/404.html"), name="upload")]
