a = provider::ns::fn()
