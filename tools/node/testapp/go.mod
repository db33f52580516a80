module chartsec.dev/testapp

go 1.24
