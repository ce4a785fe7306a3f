#!/bin/sh
# Run once by the postgres image, when its volume is new (/docker-entrypoint-initdb.d): the two roles and
# the database of README "Database roles". The owner applies the migrations; the application's role
# (clf_app) gets its rights from prisma/app-role-grants.sql after them (compose.yaml, service "grants").
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$CLF_OWNER_PASSWORD" -v app_password="$CLF_APP_PASSWORD" <<'SQL'
CREATE ROLE clf_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE clf_app LOGIN PASSWORD :'app_password';
CREATE DATABASE cessez_le_feu OWNER clf_owner;
SQL
