variable "tokens" {
  type = string
}

variable "template_id" {
  type = string
}

resource "aws_instance" "pass_required" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }
}

resource "aws_instance" "pass_endpoint_disabled" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "p4d.24xlarge"
  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_instance" "fail_no_options" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
}

resource "aws_instance" "fail_optional" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  metadata_options {
    http_tokens                 = "optional"
    http_put_response_hop_limit = 2
  }
}

resource "aws_instance" "unknown_tokens" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  metadata_options {
    http_tokens = var.tokens
  }
}

resource "aws_launch_template" "pass_template" {
  name_prefix   = "gpu-"
  instance_type = "g5.2xlarge"
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "fail_template" {
  name_prefix   = "cpu-"
  instance_type = "m6i.large"
}

# Launched from a template: the template decides.
resource "aws_instance" "pass_from_template" {
  launch_template {
    id      = aws_launch_template.pass_template.id
    version = "$Latest"
  }
}

resource "aws_instance" "fail_from_template" {
  launch_template {
    name = aws_launch_template.fail_template.name
  }
}

# The instance's own setting overrides the template's.
resource "aws_instance" "pass_override" {
  launch_template {
    id = aws_launch_template.fail_template.id
  }
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_instance" "unknown_outside_template" {
  launch_template {
    id = var.template_id
  }
}

resource "aws_launch_configuration" "pass_config" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "g4dn.xlarge"
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_configuration" "fail_config" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "g4dn.xlarge"
  metadata_options {
    http_endpoint = "enabled"
  }
}
