module libvalidate.example/validate

go 1.19
