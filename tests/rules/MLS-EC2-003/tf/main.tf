variable "encrypted" {
  type = bool
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_ebs_volume" "pass_encrypted" {
  availability_zone = "us-east-1a"
  size              = 500
  encrypted         = true
  kms_key_id        = aws_kms_key.ml.arn
}

resource "aws_ebs_volume" "fail_default" {
  availability_zone = "us-east-1a"
  size              = 500
}

resource "aws_ebs_volume" "fail_false" {
  availability_zone = "us-east-1a"
  size              = 500
  encrypted         = false
}

resource "aws_ebs_volume" "pass_from_snapshot" {
  availability_zone = "us-east-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_ebs_volume" "unknown_var" {
  availability_zone = "us-east-1a"
  size              = 500
  encrypted         = var.encrypted
}

resource "aws_instance" "pass_no_devices" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
}

resource "aws_instance" "pass_devices_encrypted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 1000
    encrypted   = true
  }
}

resource "aws_instance" "fail_root_unencrypted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  root_block_device {
    volume_size = 200
  }
}

resource "aws_instance" "fail_data_unencrypted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "p4d.24xlarge"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 2000
  }
  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

resource "aws_launch_configuration" "fail_config" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "g4dn.xlarge"
  root_block_device {
    encrypted = false
  }
}

resource "aws_launch_template" "pass_template" {
  name_prefix = "gpu-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 200
      encrypted   = "true"
    }
  }
  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }
}

resource "aws_launch_template" "fail_template" {
  name_prefix = "gpu-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 200
    }
  }
}
