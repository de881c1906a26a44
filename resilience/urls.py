from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from resilience.views import actions, assessment_answer, assessment_result
from resilience.views import cabinets, contacts, health, history, home, invitations, members, resources, urps
from resilience.views.favicon import favicon
from resilience.views import profile
from resilience.portability import views as portability
from resilience.reminders import views as reminders
from resilience.restores import views as restores

handler500 = "resilience.views.errors.server_error"

admin.site.login = secure_admin_login(admin.site.login)  # admins sign in through allauth, with MFA
admin.site.site_header = "Résilience cabinet – administration"


core_patterns = [
    path("", home.home, name="home"),
    path("tableau-de-bord/", home.dashboard_view, name="dashboard"),
    path("cabinet/nouveau/", cabinets.cabinet_create, name="cabinet_create"),
    path("cabinet/reglages/", cabinets.cabinet_settings, name="cabinet_settings"),
    path("cabinet/changer/<int:cabinet_id>/", cabinets.cabinet_switch, name="cabinet_switch"),
    path("cabinet/historique/", history.history, name="history"),
    path("cabinet/donnees/", portability.export, name="cabinet_export"),
    path("cabinet/donnees/etat/", portability.export_state, name="cabinet_export_state"),
    path("cabinet/donnees/<int:export_id>/telecharger/", portability.export_download, name="cabinet_export_download"),
    path("cabinet/suppression/", portability.delete, name="cabinet_delete"),
    path("cabinet/suppression/annuler/", portability.cancel_delete, name="cabinet_delete_cancel"),
    path("equipe/", members.member_list, name="members"),
    path("equipe/inviter/", members.member_invite, name="member_invite"),
    path("equipe/<int:member_id>/role/", members.member_role, name="member_role"),
    path("equipe/<int:member_id>/retirer/", members.member_remove, name="member_remove"),
    path("equipe/invitations/<int:invitation_id>/annuler/", members.invitation_revoke, name="invitation_revoke"),
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/ajouter/", contacts.contact_edit, name="contact_add"),
    path("contacts/<int:contact_id>/modifier/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/supprimer/", contacts.contact_delete, name="contact_delete"),
    path("autodiagnostic/", assessment_answer.assessment_home, name="assessment_home"),
    path("autodiagnostic/nouveau/", assessment_answer.assessment_start, name="assessment_start"),
    path(
        "autodiagnostic/<int:assessment_id>/themes/<slug:theme>/",
        assessment_answer.assessment_theme,
        name="assessment_theme",
    ),
    path("autodiagnostic/<int:assessment_id>/reponse/", assessment_answer.assessment_answer, name="assessment_answer"),
    path("autodiagnostic/<int:assessment_id>/relecture/", assessment_answer.assessment_review, name="assessment_review"),
    path("autodiagnostic/<int:assessment_id>/terminer/", assessment_answer.assessment_finish, name="assessment_finish"),
    path("autodiagnostic/<int:assessment_id>/resultat/", assessment_result.assessment_result, name="assessment_result"),
    path("autodiagnostic/<int:assessment_id>/resultat.pdf", assessment_result.assessment_pdf, name="assessment_pdf"),
    path("autodiagnostic/actions/<int:action_id>/", actions.action_edit, name="action_edit"),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("urps/", urps.urps_home, name="urps_home"),
    path("mon-profil/", profile.profile, name="profile"),
    path("sauvegardes/tests/", restores.restore_tests, name="restore_tests"),
    path("sauvegardes/tests/nouveau/", restores.restore_new, name="restore_new"),
    path("sauvegardes/tests/intervalle/", restores.restore_interval, name="restore_interval"),
    path("notifications/", reminders.notifications, name="notifications"),
    path("notifications/<int:reminder_id>/lue/", reminders.notification_read, name="notification_read"),
    path("notifications/tout-lu/", reminders.notifications_read_all, name="notifications_read_all"),
    path("rappels/", reminders.preferences, name="reminder_preferences"),
    path("rappels/agenda/nouveau-lien/", reminders.calendar_rotate, name="calendar_rotate"),
    path("rappels/agenda/<str:token>.ics", reminders.calendar_feed, name="calendar_feed"),
    path("rappels/echeance/<slug:kind>/<int:item_id>.ics", reminders.item_ics, name="item_ics"),
    path("rappels/desabonnement/<str:token>/", reminders.unsubscribe_view, name="reminder_unsubscribe"),
    path("ressources/", resources.resources, name="resources"),
    path("urps/export.csv", urps.urps_csv, name="urps_csv"),
    path("urps/export.xlsx", urps.urps_xlsx, name="urps_xlsx"),
    path("urps/rapport.pdf", urps.urps_pdf, name="urps_pdf"),
    path("urps/exemple/", urps.urps_sample, name="urps_sample"),
]

urlpatterns = [
    path("", include((core_patterns, "resilience"))),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("incidents/", include("incidents.urls")),
    path("kit/", include("kit.urls")),
    path("contrats/", include("contracts.urls")),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
