-- What the reader of a video's clips should know although generation succeeded: a malformed LLM answer replaced
-- by the heuristic's picks, or clips picked from signals alone because there is no transcript.
alter table videos add column clips_note text;
