from __future__ import annotations

from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("submit/receipt/", views.receipt, name="receipt"),
    path("submit/receipt/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("track/", views.track, name="track"),
    path("track/<code:code>/", views.case, name="case"),
    path("track/<code:code>/rate/", views.rate, name="rate"),
    path("track/<code:code>/review/", views.request_review, name="review"),
    path("track/<code:code>/forget/", views.forget, name="forget"),
    path("track/<code:code>/print/<slug:key>/pdf/", views.document_pdf, name="document_pdf"),
]
