# Catalog database (rdscope e2e fixture)
resource "aws_db_instance" "catalog" {
  identifier                  = "catalog-db"
  engine                      = "mysql"
  instance_class              = "db.m6g.large"
  allocated_storage           = 50
  username                    = "catalog_admin"
  manage_master_user_password = true
  backup_retention_period     = 7 # a week of point-in-time recovery
  skip_final_snapshot         = false
  final_snapshot_identifier   = "catalog-db-final"
}
