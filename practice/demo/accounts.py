"""Demo accounts and clients."""
from practice.auth.models import Role
from practice.auth.operations import create_user
from practice.clients.models import Client
from practice.core.extensions import db
from practice.demo.people import DOMAIN, PRACTICE


def seed_accounts(context) -> None:
    for admin in PRACTICE["admins"]:
        context.admins.append(create_user(admin["email"], admin["name"], Role.ADMIN,
                                          context.password))
    for practitioner_data in PRACTICE["practitioners"]:
        practitioner = create_user(practitioner_data["email"], practitioner_data["name"],
                                   Role.PRACTITIONER, context.password)
        context.practitioners.append(practitioner)
        for data in practitioner_data["clients"]:
            email = f"{data['given']}.{data['family']}@{DOMAIN}".lower().replace("'", "")
            portal_user = None
            if data["portal"]:
                portal_user = create_user(email, f"{data['given']} {data['family']}",
                                          Role.CLIENT, context.password)
            client = Client(
                practitioner=practitioner, portal_user=portal_user,
                given_name=data["given"], family_name=data["family"],
                date_of_birth=data["born"], pronouns=data["pronouns"], email=email,
                phone=data["phone"],
                emergency_contact_name=data["emergency"][0],
                emergency_contact_phone=data["emergency"][1],
                created_at=context.days_ago(120),
            )
            db.session.add(client)
            context.clients.append(client)
