"""The "Tệp của tôi" pages: a user's background jobs and the files they made."""
