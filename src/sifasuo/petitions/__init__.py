"""信访: petition case files at the office (一案一单, 领导包案)."""
