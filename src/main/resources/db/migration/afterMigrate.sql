-- Runs after every migration: Flyway's own history table lives in public too, so keep it out of the Data API.
alter table if exists flyway_schema_history enable row level security;
