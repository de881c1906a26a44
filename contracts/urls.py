from django.urls import path

from contracts.views import compare, contracts, documents, outputs, reviews

app_name = "contracts"

urlpatterns = [
    path("", contracts.contract_list, name="list"),
    path("nouveau/", contracts.contract_create, name="create"),
    path("comparer/", compare.compare_view, name="compare"),
    path("<int:contract_id>/", contracts.contract_detail, name="detail"),
    path("<int:contract_id>/modifier/", contracts.contract_edit, name="edit"),
    path("<int:contract_id>/supprimer/", contracts.contract_delete, name="delete"),
    path("<int:contract_id>/joindre/", documents.document_upload, name="document_upload"),
    path("<int:contract_id>/revues/nouvelle/", reviews.review_start, name="review_start"),
    path("documents/<int:document_id>/", documents.document_download, name="document_download"),
    path("documents/<int:document_id>/supprimer/", documents.document_delete, name="document_delete"),
    path("revues/<int:review_id>/", reviews.review_detail, name="review"),
    path("revues/<int:review_id>/points/<str:category_key>/", reviews.review_category, name="review_category"),
    path("revues/<int:review_id>/reponses/<str:item_key>/", reviews.answer_save, name="answer_save"),
    path("revues/<int:review_id>/supprimer/", reviews.review_delete, name="review_delete"),
    path("revues/<int:review_id>/rapport-des-ecarts/", outputs.gap_report, name="gap_report"),
    path("revues/<int:review_id>/courrier/", outputs.letter_view, name="letter"),
]
