"""The client portal: a client's own pages, phone first."""
