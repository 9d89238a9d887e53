variable "logging" {}

resource "google_dialogflow_agent" "pass_enabled" {
  display_name          = "pass-enabled"
  default_language_code = "en"
  time_zone             = "America/New_York"
  enable_logging        = true
}

resource "google_dialogflow_agent" "fail_absent" {
  display_name          = "fail-absent"
  default_language_code = "en"
  time_zone             = "America/New_York"
}

resource "google_dialogflow_agent" "fail_disabled" {
  display_name          = "fail-disabled"
  default_language_code = "en"
  time_zone             = "America/New_York"
  enable_logging        = false
}

resource "google_dialogflow_agent" "unknown_variable" {
  display_name          = "unknown-variable"
  default_language_code = "en"
  time_zone             = "America/New_York"
  enable_logging        = var.logging
}
