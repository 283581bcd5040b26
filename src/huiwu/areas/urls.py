from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path(f"{slug}/", views.area_overview, {"area": slug}, name=slug)
    for slug, area in views.AREAS.items()
    if area.built
]
