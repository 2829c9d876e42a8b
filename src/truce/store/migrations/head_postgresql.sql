-- The statements the migrations send to an empty postgresql store, up to the
-- revision below, recorded by `python -m truce.store.headschema` (do not edit).
-- revision: 0011_link_seals


CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)


;

CREATE TABLE actors (
	name VARCHAR(300) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	country VARCHAR(3), 
	parent_id INTEGER, 
	description TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_actors PRIMARY KEY (id), 
	CONSTRAINT fk_actors_parent_id_actors FOREIGN KEY(parent_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT uq_actors_name UNIQUE (name)
)


;

CREATE TABLE audit_log (
	seq INTEGER NOT NULL, 
	at TIMESTAMP WITH TIME ZONE NOT NULL, 
	actor VARCHAR(100) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	record_kind VARCHAR(32) NOT NULL, 
	record_id VARCHAR(64), 
	before JSON, 
	after JSON, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	note TEXT, 
	CONSTRAINT pk_audit_log PRIMARY KEY (seq), 
	CONSTRAINT uq_audit_log_hash UNIQUE (hash)
)


;

CREATE TABLE places (
	name VARCHAR(300) NOT NULL, 
	other_names JSON NOT NULL, 
	latitude FLOAT, 
	longitude FLOAT, 
	admin1 VARCHAR(200), 
	admin2 VARCHAR(200), 
	admin3 VARCHAR(200), 
	country VARCHAR(3), 
	feature_kind VARCHAR(32), 
	gazetteer_id VARCHAR(64), 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_places PRIMARY KEY (id), 
	CONSTRAINT uq_places_gazetteer_id UNIQUE (gazetteer_id)
)


;
CREATE INDEX ix_places_name ON places (name)
;

CREATE TABLE sources (
	kind VARCHAR(32) NOT NULL, 
	title TEXT, 
	publisher VARCHAR(200), 
	url TEXT, 
	published DATE, 
	published_precision VARCHAR(16) NOT NULL, 
	language VARCHAR(16), 
	retrieved TIMESTAMP WITH TIME ZONE, 
	sha256 VARCHAR(64), 
	text TEXT, 
	reliability VARCHAR(1), 
	notes TEXT, 
	external_id VARCHAR(200), 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_sources PRIMARY KEY (id), 
	CONSTRAINT uq_sources_external_id UNIQUE (external_id), 
	CONSTRAINT uq_sources_sha256 UNIQUE (sha256)
)


;

CREATE TABLE zones (
	external_id VARCHAR(200), 
	name VARCHAR(300) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	valid_from TIMESTAMP WITH TIME ZONE, 
	valid_to TIMESTAMP WITH TIME ZONE, 
	restricts JSON NOT NULL, 
	properties JSON NOT NULL, 
	notes TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	geometry TEXT NOT NULL, 
	min_lon FLOAT NOT NULL, 
	min_lat FLOAT NOT NULL, 
	max_lon FLOAT NOT NULL, 
	max_lat FLOAT NOT NULL, 
	CONSTRAINT pk_zones PRIMARY KEY (id), 
	CONSTRAINT uq_zones_external_id UNIQUE (external_id)
)


;
CREATE INDEX ix_zones_bbox ON zones (min_lon, max_lon, min_lat, max_lat)
;

CREATE TABLE actor_aliases (
	id SERIAL NOT NULL, 
	actor_id INTEGER NOT NULL, 
	alias VARCHAR(300) NOT NULL, 
	normalized VARCHAR(300) NOT NULL, 
	language VARCHAR(16), 
	CONSTRAINT pk_actor_aliases PRIMARY KEY (id), 
	CONSTRAINT fk_actor_aliases_actor_id_actors FOREIGN KEY(actor_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT uq_actor_aliases_actor_id UNIQUE (actor_id, alias)
)


;
CREATE INDEX ix_actor_aliases_actor_id ON actor_aliases (actor_id)
;
CREATE INDEX ix_actor_aliases_normalized ON actor_aliases (normalized)
;

CREATE TABLE actor_designations (
	id SERIAL NOT NULL, 
	actor_id INTEGER NOT NULL, 
	designation VARCHAR(200) NOT NULL, 
	designated_by VARCHAR(200) NOT NULL, 
	designated_by_id INTEGER, 
	start DATE, 
	"end" DATE, 
	source_id INTEGER, 
	CONSTRAINT pk_actor_designations PRIMARY KEY (id), 
	CONSTRAINT fk_actor_designations_actor_id_actors FOREIGN KEY(actor_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT fk_actor_designations_designated_by_id_actors FOREIGN KEY(designated_by_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_actor_designations_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE SET NULL
)


;
CREATE INDEX ix_actor_designations_actor_id ON actor_designations (actor_id)
;

CREATE TABLE actor_offices (
	id SERIAL NOT NULL, 
	person_id INTEGER NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	organisation_id INTEGER, 
	start DATE, 
	"end" DATE, 
	CONSTRAINT pk_actor_offices PRIMARY KEY (id), 
	CONSTRAINT fk_actor_offices_organisation_id_actors FOREIGN KEY(organisation_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_actor_offices_person_id_actors FOREIGN KEY(person_id) REFERENCES actors (id) ON DELETE CASCADE
)


;
CREATE INDEX ix_actor_offices_person_id ON actor_offices (person_id)
;

CREATE TABLE actor_relationships (
	id SERIAL NOT NULL, 
	subject_id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	object_id INTEGER NOT NULL, 
	start DATE, 
	"end" DATE, 
	source_id INTEGER, 
	CONSTRAINT pk_actor_relationships PRIMARY KEY (id), 
	CONSTRAINT fk_actor_relationships_object_id_actors FOREIGN KEY(object_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT fk_actor_relationships_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE SET NULL, 
	CONSTRAINT fk_actor_relationships_subject_id_actors FOREIGN KEY(subject_id) REFERENCES actors (id) ON DELETE CASCADE
)


;
CREATE INDEX ix_actor_relationships_object_id ON actor_relationships (object_id)
;
CREATE INDEX ix_actor_relationships_pair ON actor_relationships (subject_id, object_id)
;

CREATE TABLE agreements (
	external_id VARCHAR(200), 
	name VARCHAR(500) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	scope VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	place_id INTEGER, 
	location VARCHAR(300), 
	admin1 VARCHAR(200), 
	country VARCHAR(3), 
	latitude DOUBLE PRECISION, 
	longitude DOUBLE PRECISION, 
	zone_id INTEGER, 
	signed DATE, 
	effective_from DATE, 
	effective_to DATE, 
	provisions JSON NOT NULL, 
	illustrative BOOLEAN NOT NULL, 
	notes TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_agreements PRIMARY KEY (id), 
	CONSTRAINT fk_agreements_place_id_places FOREIGN KEY(place_id) REFERENCES places (id) ON DELETE SET NULL, 
	CONSTRAINT fk_agreements_zone_id_zones FOREIGN KEY(zone_id) REFERENCES zones (id) ON DELETE SET NULL, 
	CONSTRAINT uq_agreements_external_id UNIQUE (external_id)
)


;
CREATE INDEX ix_agreements_kind ON agreements (kind)
;
CREATE INDEX ix_agreements_scope ON agreements (scope)
;
CREATE INDEX ix_agreements_signed ON agreements (signed)
;
CREATE INDEX ix_agreements_status ON agreements (status)
;

CREATE TABLE candidates (
	source_id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	payload JSON NOT NULL, 
	span_start INTEGER, 
	span_end INTEGER, 
	status VARCHAR(16) NOT NULL, 
	confidence DOUBLE PRECISION, 
	record_kind VARCHAR(32), 
	record_id INTEGER, 
	reviewed_by VARCHAR(100), 
	reviewed_at TIMESTAMP WITH TIME ZONE, 
	review_note TEXT, 
	made_on DATE, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_candidates PRIMARY KEY (id), 
	CONSTRAINT fk_candidates_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE CASCADE
)


;
CREATE INDEX ix_candidates_source_id ON candidates (source_id)
;
CREATE INDEX ix_candidates_status ON candidates (status)
;

CREATE TABLE events (
	event_id_cnty VARCHAR(64), 
	event_date DATE NOT NULL, 
	year INTEGER, 
	time_precision INTEGER, 
	disorder_type VARCHAR(64), 
	event_type VARCHAR(64) NOT NULL, 
	sub_event_type VARCHAR(64), 
	actor1 VARCHAR(300), 
	assoc_actor_1 TEXT, 
	inter1 VARCHAR(64), 
	actor2 VARCHAR(300), 
	assoc_actor_2 TEXT, 
	inter2 VARCHAR(64), 
	interaction VARCHAR(128), 
	civilian_targeting VARCHAR(64), 
	iso INTEGER, 
	region VARCHAR(64), 
	country VARCHAR(100), 
	admin1 VARCHAR(200), 
	admin2 VARCHAR(200), 
	admin3 VARCHAR(200), 
	location VARCHAR(300), 
	latitude FLOAT, 
	longitude FLOAT, 
	geo_precision INTEGER, 
	source TEXT, 
	source_scale VARCHAR(128), 
	notes TEXT, 
	fatalities INTEGER, 
	tags TEXT, 
	timestamp INTEGER, 
	dataset VARCHAR(16) NOT NULL, 
	external_id VARCHAR(64), 
	date_end DATE, 
	date_precision VARCHAR(16) NOT NULL, 
	fatalities_low INTEGER, 
	fatalities_high INTEGER, 
	plover_type VARCHAR(32), 
	plover_mode VARCHAR(32), 
	cameo VARCHAR(8), 
	actor1_id INTEGER, 
	actor2_id INTEGER, 
	place_id INTEGER, 
	status VARCHAR(16) NOT NULL, 
	row_hash VARCHAR(32), 
	extra TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_events PRIMARY KEY (id), 
	CONSTRAINT fk_events_actor1_id_actors FOREIGN KEY(actor1_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_events_actor2_id_actors FOREIGN KEY(actor2_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_events_place_id_places FOREIGN KEY(place_id) REFERENCES places (id) ON DELETE SET NULL
)


;
CREATE UNIQUE INDEX ix_events_dataset_external ON events (dataset, external_id)
;
CREATE INDEX ix_events_event_date ON events (event_date)
;
CREATE INDEX ix_events_status ON events (status)
;
CREATE INDEX ix_events_type ON events (event_type, sub_event_type)
;

CREATE TABLE notifications (
	external_id VARCHAR(200), 
	name VARCHAR(300) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	buffer_m FLOAT NOT NULL, 
	valid_from TIMESTAMP WITH TIME ZONE, 
	valid_to TIMESTAMP WITH TIME ZONE, 
	notified_by_id INTEGER, 
	notified_on TIMESTAMP WITH TIME ZONE, 
	properties JSON NOT NULL, 
	notes TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	geometry TEXT NOT NULL, 
	min_lon FLOAT NOT NULL, 
	min_lat FLOAT NOT NULL, 
	max_lon FLOAT NOT NULL, 
	max_lat FLOAT NOT NULL, 
	CONSTRAINT pk_notifications PRIMARY KEY (id), 
	CONSTRAINT fk_notifications_notified_by_id_actors FOREIGN KEY(notified_by_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT uq_notifications_external_id UNIQUE (external_id)
)


;
CREATE INDEX ix_notifications_bbox ON notifications (min_lon, max_lon, min_lat, max_lat)
;

CREATE TABLE record_shares (
	id SERIAL NOT NULL, 
	record_kind VARCHAR(32) NOT NULL, 
	record_id INTEGER NOT NULL, 
	party_id INTEGER NOT NULL, 
	CONSTRAINT pk_record_shares PRIMARY KEY (id), 
	CONSTRAINT fk_record_shares_party_id_actors FOREIGN KEY(party_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT uq_record_shares_record_kind UNIQUE (record_kind, record_id, party_id)
)


;
CREATE INDEX ix_record_shares_party_id ON record_shares (party_id)
;
CREATE INDEX ix_record_shares_record ON record_shares (record_kind, record_id)
;

CREATE TABLE record_sources (
	id SERIAL NOT NULL, 
	record_kind VARCHAR(32) NOT NULL, 
	record_id INTEGER NOT NULL, 
	source_id INTEGER NOT NULL, 
	span_start INTEGER, 
	span_end INTEGER, 
	CONSTRAINT pk_record_sources PRIMARY KEY (id), 
	CONSTRAINT fk_record_sources_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE CASCADE, 
	CONSTRAINT uq_record_sources_record_kind UNIQUE (record_kind, record_id, source_id, span_start, span_end)
)


;
CREATE INDEX ix_record_sources_record ON record_sources (record_kind, record_id)
;
CREATE INDEX ix_record_sources_source_id ON record_sources (source_id)
;

CREATE TABLE statements (
	external_id VARCHAR(200), 
	speaker_id INTEGER, 
	speaker_name VARCHAR(300) NOT NULL, 
	reported_by_id INTEGER, 
	date DATE, 
	date_precision VARCHAR(16) NOT NULL, 
	venue VARCHAR(300), 
	words TEXT NOT NULL, 
	direct BOOLEAN NOT NULL, 
	language VARCHAR(16), 
	source_id INTEGER, 
	span_start INTEGER, 
	span_end INTEGER, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_statements PRIMARY KEY (id), 
	CONSTRAINT fk_statements_reported_by_id_actors FOREIGN KEY(reported_by_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_statements_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE SET NULL, 
	CONSTRAINT fk_statements_speaker_id_actors FOREIGN KEY(speaker_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT uq_statements_external_id UNIQUE (external_id)
)


;
CREATE INDEX ix_statements_date ON statements (date)
;
CREATE INDEX ix_statements_speaker_id ON statements (speaker_id)
;

CREATE TABLE users (
	id SERIAL NOT NULL, 
	username VARCHAR(100) NOT NULL, 
	password_hash VARCHAR(200) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	party_id INTEGER, 
	active BOOLEAN NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	CONSTRAINT pk_users PRIMARY KEY (id), 
	CONSTRAINT fk_users_party_id_actors FOREIGN KEY(party_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT uq_users_username UNIQUE (username)
)


;

CREATE TABLE zone_actors (
	id SERIAL NOT NULL, 
	zone_id INTEGER NOT NULL, 
	actor_id INTEGER NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_zone_actors PRIMARY KEY (id), 
	CONSTRAINT fk_zone_actors_actor_id_actors FOREIGN KEY(actor_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT fk_zone_actors_zone_id_zones FOREIGN KEY(zone_id) REFERENCES zones (id) ON DELETE CASCADE, 
	CONSTRAINT uq_zone_actors_zone_id UNIQUE (zone_id, actor_id, role)
)


;
CREATE INDEX ix_zone_actors_actor_id ON zone_actors (actor_id)
;
CREATE INDEX ix_zone_actors_zone_id ON zone_actors (zone_id)
;

CREATE TABLE agreement_actors (
	id SERIAL NOT NULL, 
	agreement_id INTEGER NOT NULL, 
	actor_id INTEGER NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_agreement_actors PRIMARY KEY (id), 
	CONSTRAINT fk_agreement_actors_actor_id_actors FOREIGN KEY(actor_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT fk_agreement_actors_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE CASCADE, 
	CONSTRAINT uq_agreement_actors_agreement_id UNIQUE (agreement_id, actor_id, role)
)


;
CREATE INDEX ix_agreement_actors_actor_id ON agreement_actors (actor_id)
;
CREATE INDEX ix_agreement_actors_agreement_id ON agreement_actors (agreement_id)
;

CREATE TABLE api_tokens (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	last_used TIMESTAMP WITH TIME ZONE, 
	revoked BOOLEAN NOT NULL, 
	CONSTRAINT pk_api_tokens PRIMARY KEY (id), 
	CONSTRAINT fk_api_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash)
)


;
CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id)
;

CREATE TABLE assessments (
	event_id INTEGER NOT NULL, 
	attribute VARCHAR(32) NOT NULL, 
	hypotheses JSON NOT NULL, 
	matrix JSON NOT NULL, 
	scores JSON NOT NULL, 
	conclusion TEXT, 
	confidence VARCHAR(32), 
	assessed_by VARCHAR(100), 
	assessed_at TIMESTAMP WITH TIME ZONE, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_assessments PRIMARY KEY (id), 
	CONSTRAINT fk_assessments_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE
)


;
CREATE INDEX ix_assessments_event_id ON assessments (event_id)
;

CREATE TABLE claims (
	external_id VARCHAR(200), 
	event_id INTEGER NOT NULL, 
	claimant_id INTEGER, 
	claimant_name VARCHAR(300), 
	attribute VARCHAR(32) NOT NULL, 
	value TEXT NOT NULL, 
	stance VARCHAR(16) NOT NULL, 
	made_on DATE, 
	source_id INTEGER, 
	credibility VARCHAR(1), 
	span_start INTEGER, 
	span_end INTEGER, 
	notes TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_claims PRIMARY KEY (id), 
	CONSTRAINT fk_claims_claimant_id_actors FOREIGN KEY(claimant_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_claims_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	CONSTRAINT fk_claims_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE SET NULL, 
	CONSTRAINT uq_claims_external_id UNIQUE (external_id)
)


;
CREATE INDEX ix_claims_event_id ON claims (event_id)
;

CREATE TABLE event_violations (
	event_id INTEGER NOT NULL, 
	agreement_id INTEGER NOT NULL, 
	alleged_by_id INTEGER, 
	alleged_on DATE, 
	source_id INTEGER, 
	notes TEXT, 
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at TIMESTAMP WITH TIME ZONE, 
	classification VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_event_violations PRIMARY KEY (id), 
	CONSTRAINT fk_event_violations_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE CASCADE, 
	CONSTRAINT fk_event_violations_alleged_by_id_actors FOREIGN KEY(alleged_by_id) REFERENCES actors (id) ON DELETE SET NULL, 
	CONSTRAINT fk_event_violations_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	CONSTRAINT fk_event_violations_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE SET NULL
)


;
CREATE INDEX ix_event_violations_agreement_id ON event_violations (agreement_id)
;
CREATE INDEX ix_event_violations_event_id ON event_violations (event_id)
;

CREATE TABLE notification_recipients (
	id SERIAL NOT NULL, 
	notification_id INTEGER NOT NULL, 
	actor_id INTEGER NOT NULL, 
	CONSTRAINT pk_notification_recipients PRIMARY KEY (id), 
	CONSTRAINT fk_notification_recipients_actor_id_actors FOREIGN KEY(actor_id) REFERENCES actors (id) ON DELETE CASCADE, 
	CONSTRAINT fk_notification_recipients_notification_id_notifications FOREIGN KEY(notification_id) REFERENCES notifications (id) ON DELETE CASCADE, 
	CONSTRAINT uq_notification_recipients_notification_id UNIQUE (notification_id, actor_id)
)


;
CREATE INDEX ix_notification_recipients_actor_id ON notification_recipients (actor_id)
;
CREATE INDEX ix_notification_recipients_notification_id ON notification_recipients (notification_id)
;
CREATE INDEX ix_events_point ON events USING gist (point(longitude, latitude))
;

CREATE TABLE server_secrets (
	name VARCHAR(64) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	CONSTRAINT pk_server_secrets PRIMARY KEY (name)
)


;
CREATE INDEX ix_statements_fts ON statements USING gin (to_tsvector('simple', coalesce(words, '') || ' ' || coalesce(speaker_name, '') || ' ' || coalesce(venue, '')))
;
CREATE INDEX ix_sources_fts ON sources USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(publisher, '') || ' ' || coalesce(text, '')))
;
CREATE INDEX ix_events_fts ON events USING gin (to_tsvector('simple', coalesce(notes, '') || ' ' || coalesce(location, '') || ' ' || coalesce(actor1, '') || ' ' || coalesce(actor2, '')))
;
ALTER TABLE places ADD COLUMN external_id VARCHAR(200)
;
CREATE UNIQUE INDEX ix_places_external_id ON places (external_id)
;

CREATE TABLE web_sessions (
	id_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	password_stamp VARCHAR(64) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	expires_at BIGINT NOT NULL, 
	CONSTRAINT pk_web_sessions PRIMARY KEY (id_hash), 
	CONSTRAINT fk_web_sessions_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
)


;
CREATE INDEX ix_web_sessions_user_id ON web_sessions (user_id)
;
CREATE INDEX ix_web_sessions_expires_at ON web_sessions (expires_at)
;
ALTER TABLE audit_log ADD COLUMN records_digest VARCHAR(64)
;

CREATE TABLE audit_records (
	seq INTEGER NOT NULL, 
	record_kind VARCHAR(32) NOT NULL, 
	record_id INTEGER NOT NULL, 
	hash VARCHAR(64), 
	CONSTRAINT pk_audit_records PRIMARY KEY (seq, record_kind, record_id)
)


;
INSERT INTO alembic_version (version_num) VALUES ('0011_link_seals')
;
