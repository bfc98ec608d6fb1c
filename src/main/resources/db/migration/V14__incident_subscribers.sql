-- Who, besides the incident managers, gets an incident's status updates: an e-mail address or a user of the engine
-- (whose address is looked up when an update is sent). Added and removed through /api/incidents/{id}/subscribers.
create table ir_incident_subscriber (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(64)   not null,
    email                 varchar(320),
    user_id               varchar(64),
    added_by              varchar(255)  not null,
    added_at              timestamp with time zone not null,
    constraint ir_incident_subscriber_one check ((email is null) <> (user_id is null))
);

create unique index ir_incident_subscriber_email on ir_incident_subscriber (incident_id, email);
create unique index ir_incident_subscriber_user on ir_incident_subscriber (incident_id, user_id);
