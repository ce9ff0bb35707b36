-- The worker's tables. Safe to apply to a Supabase project: schema public, no superuser-only statements,
-- row-level security on every table (the worker connects as the owner and bypasses it; anon and authenticated
-- see nothing until the web app adds policies). See docs/database.md for the grants.
--
-- There are deliberately no foreign keys from the derived tables to videos: the web app may delete a video row
-- before delete-video runs, and delete-video still needs the clip and export ids to remove their objects.

create table videos (
    id                 uuid primary key,
    owner_id           uuid not null,
    generation         integer not null default 1 check (generation >= 1),
    status             text not null default 'pending'
                           check (status in ('pending', 'processing', 'ready', 'failed')),
    stage              text,
    progress           integer not null default 0 check (progress between 0 and 100),
    error              text,
    source_key         text not null,
    captions_key       text,
    proxy_key          text,
    audio_key          text,
    poster_key         text,
    storyboard_key     text,
    storyboard_vtt_key text,
    duration_ms        bigint check (duration_ms >= 0),
    width              integer check (width > 0),
    height             integer check (height > 0),
    fps                double precision check (fps > 0),
    video_codec        text,
    audio_codec        text,
    has_audio          boolean,
    size_bytes         bigint check (size_bytes >= 0),
    probe              jsonb,
    transcript_source  text check (transcript_source in ('subtitles', 'sidecar', 'api', 'none')),
    transcript_note    text,
    clips_status       text not null default 'pending'
                           check (clips_status in ('pending', 'generating', 'ready', 'failed')),
    clips_progress     integer not null default 0 check (clips_progress between 0 and 100),
    clips_error        text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

create index videos_owner_id_idx on videos (owner_id);

create table transcripts (
    video_id   uuid not null,
    generation integer not null,
    language   text,
    source     text not null check (source in ('subtitles', 'sidecar', 'api')),
    provider   text,
    model      text,
    segments   jsonb not null default '[]'::jsonb,
    words      jsonb not null default '[]'::jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (video_id, generation)
);

create table clips (
    id          uuid primary key,
    video_id    uuid not null,
    generation  integer not null,
    idx         integer not null check (idx >= 0),
    start_ms    bigint not null check (start_ms >= 0),
    end_ms      bigint not null,
    title       text not null,
    hook        text,
    score       integer not null check (score between 0 and 100),
    reason      text,
    preview_key text,
    poster_key  text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (video_id, generation, idx),
    check (end_ms > start_ms)
);

create table exports (
    id            uuid primary key,
    owner_id      uuid not null,
    clip_id       uuid not null,
    preset        text not null,
    caption_style text not null,
    status        text not null default 'pending'
                      check (status in ('pending', 'rendering', 'done', 'failed')),
    progress      integer not null default 0 check (progress between 0 and 100),
    output_key    text,
    error         text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create index exports_clip_id_idx on exports (clip_id);
create index exports_owner_id_idx on exports (owner_id);

-- Paid answers (transcriptions, clip picks) keyed by a hash of their inputs, so a retried step never pays twice.
create table ai_results (
    cache_key  text primary key,
    kind       text not null check (kind in ('transcription', 'picking')),
    provider   text not null,
    model      text not null,
    response   text not null,
    created_at timestamptz not null default now()
);

-- One row per heavy step that is running: a redelivered step is refused while an earlier attempt still renews.
create table step_leases (
    run_id     text not null,
    step_id    text not null,
    holder     text not null,
    expires_at timestamptz not null,
    primary key (run_id, step_id)
);

create index step_leases_expires_at_idx on step_leases (expires_at);

alter table videos enable row level security;
alter table transcripts enable row level security;
alter table clips enable row level security;
alter table exports enable row level security;
alter table ai_results enable row level security;
alter table step_leases enable row level security;

