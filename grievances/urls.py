from __future__ import annotations

from django.urls import path

from grievances.views import case, intake, printing, queue, scorecard

app_name = "grievances"
urlpatterns = [
    path("", queue.my_cases, name="home"),
    path("queue/", queue.unit_queue, name="queue"),
    path("supervised/", queue.supervised, name="supervised"),
    path("new/", intake.register, name="register"),
    path("new/<code:code>/receipt/", intake.receipt, name="receipt"),
    path("new/<code:code>/receipt/pdf/", printing.receipt_pdf, name="receipt_pdf"),
    path("scorecard/", scorecard.scorecard, name="scorecard"),
    path("case/<code:code>/", case.detail, name="case"),
    path("case/<code:code>/identity/", case.identity, name="identity"),
    path("case/<code:code>/attachment/<int:pk>/", case.attachment, name="attachment"),
    path("case/<code:code>/act/<str:action>/", case.act, name="act"),
    path("case/<code:code>/print/<slug:key>/", printing.document_page, name="document"),
    path("case/<code:code>/print/<slug:key>/pdf/", printing.document_pdf, name="document_pdf"),
    path("case/<code:code>/files/", case.add_files, name="add_files"),
    path("extension/<int:pk>/decide/", case.decide_extension, name="decide_extension"),
]
