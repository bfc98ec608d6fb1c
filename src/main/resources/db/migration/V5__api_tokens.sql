-- API tokens for machine accounts: several per user, revocable, only a hash of the secret is kept.
create table ir_api_token (
    id            varchar(36)  not null primary key,
    user_id       varchar(64)  not null,
    name          varchar(100) not null,
    secret_hash   varchar(64)  not null,                      -- hex SHA-256 of the whole token
    created_at    timestamp with time zone not null,
    created_by    varchar(64)  not null,
    last_used_at  timestamp with time zone,
    revoked_at    timestamp with time zone,
    revoked_by    varchar(64),
    constraint uq_ir_api_token_secret_hash unique (secret_hash)
);

create index ix_ir_api_token_user on ir_api_token (user_id);
