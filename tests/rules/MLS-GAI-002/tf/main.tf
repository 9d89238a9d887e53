variable "logging" {}

resource "google_dialogflow_cx_agent" "pass_advanced_settings" {
  display_name          = "pass-advanced-settings"
  location              = "global"
  default_language_code = "en"
  time_zone             = "America/New_York"
  advanced_settings {
    logging_settings {
      enable_stackdriver_logging = true
      enable_interaction_logging = true
    }
  }
}

resource "google_dialogflow_cx_agent" "pass_deprecated_attribute" {
  display_name               = "pass-deprecated-attribute"
  location                   = "global"
  default_language_code      = "en"
  time_zone                  = "America/New_York"
  enable_stackdriver_logging = true
}

resource "google_dialogflow_cx_agent" "fail_absent" {
  display_name          = "fail-absent"
  location              = "global"
  default_language_code = "en"
  time_zone             = "America/New_York"
}

resource "google_dialogflow_cx_agent" "fail_deprecated_attribute_false" {
  display_name               = "fail-deprecated-attribute-false"
  location                   = "global"
  default_language_code      = "en"
  time_zone                  = "America/New_York"
  enable_stackdriver_logging = false
}

resource "google_dialogflow_cx_agent" "fail_advanced_settings_false" {
  display_name          = "fail-advanced-settings-false"
  location              = "global"
  default_language_code = "en"
  time_zone             = "America/New_York"
  advanced_settings {
    logging_settings {
      enable_stackdriver_logging = false
      enable_interaction_logging = true
    }
  }
}

resource "google_dialogflow_cx_agent" "fail_interaction_logging_only" {
  display_name          = "fail-interaction-logging-only"
  location              = "global"
  default_language_code = "en"
  time_zone             = "America/New_York"
  advanced_settings {
    logging_settings {
      enable_interaction_logging = true
    }
  }
}

resource "google_dialogflow_cx_agent" "unknown_deprecated_attribute_variable" {
  display_name               = "unknown-deprecated-attribute-variable"
  location                   = "global"
  default_language_code      = "en"
  time_zone                  = "America/New_York"
  enable_stackdriver_logging = var.logging
}

resource "google_dialogflow_cx_agent" "unknown_advanced_settings_variable" {
  display_name          = "unknown-advanced-settings-variable"
  location              = "global"
  default_language_code = "en"
  time_zone             = "America/New_York"
  advanced_settings {
    logging_settings {
      enable_stackdriver_logging = var.logging
    }
  }
}
