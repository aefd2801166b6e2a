-- Version 1 of the registry's PostgreSQL schema. ${schema} is replaced by the quoted schema name.
-- Text keys use the "C" collation: byte order matches Java's String order for model names, and a
-- LIKE 'prefix%' search can use the primary key's B-tree.

-- One row per model: its kind, its highest version number and its audit log's last sequence number.
-- Every change to a model locks this row (SELECT ... FOR UPDATE), which serialises the model's
-- changes across every replica and makes version and audit numbers gapless.
CREATE TABLE ${schema}.mlops_model (
  name           TEXT COLLATE "C" PRIMARY KEY,
  kind           TEXT NOT NULL,
  last_version   INTEGER NOT NULL,
  last_audit_seq BIGINT NOT NULL
);

CREATE TABLE ${schema}.mlops_version (
  name            TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_model (name),
  version         INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  manifest_digest TEXT NOT NULL,
  manifest_json   TEXT NOT NULL,
  registered_at   TIMESTAMPTZ NOT NULL,
  registered_by   TEXT NOT NULL,
  revision        BIGINT NOT NULL,
  status          TEXT NOT NULL,
  status_reason   TEXT NOT NULL,
  tags            JSONB NOT NULL,
  description     TEXT NOT NULL,
  signatures      JSONB NOT NULL,
  PRIMARY KEY (name, version)
);

-- Search by registration time range.
CREATE INDEX mlops_version_registered_at ON ${schema}.mlops_version (registered_at);
-- Search by tag: tags @> '{"team":"risk"}'.
CREATE INDEX mlops_version_tags ON ${schema}.mlops_version USING GIN (tags jsonb_path_ops);

CREATE TABLE ${schema}.mlops_alias (
  name    TEXT COLLATE "C" NOT NULL,
  alias   TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES ${schema}.mlops_version (name, version)
);

CREATE TABLE ${schema}.mlops_audit (
  name      TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_model (name),
  seq       BIGINT NOT NULL,
  at        TIMESTAMPTZ NOT NULL,
  principal TEXT NOT NULL,
  action    TEXT NOT NULL,
  version   INTEGER NOT NULL,
  key       TEXT NOT NULL,
  previous  TEXT,
  current   TEXT,
  PRIMARY KEY (name, seq)
);
