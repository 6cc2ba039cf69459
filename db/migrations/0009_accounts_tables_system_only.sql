-- Sessions, password-reset tokens and sign-in throttles belong to no tenant: only the system role
-- (sign-in, session checks) reads them; the tenant role gets nothing (the default privileges gave it all).
REVOKE ALL ON user_sessions, password_reset_tokens, sign_in_throttles FROM caseflow_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON user_sessions, password_reset_tokens, sign_in_throttles TO caseflow_system;
