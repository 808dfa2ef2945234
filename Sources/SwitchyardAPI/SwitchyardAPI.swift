// Types and server stubs for the `/api/v0` routes are generated from `openapi.yaml`
// in this folder at build time. This file gives the target a source of its own.
