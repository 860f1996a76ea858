module wgetproxy

go 1.26
