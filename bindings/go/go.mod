module paycrypt.dev/paycrypt

go 1.24
