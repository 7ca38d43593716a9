//! [`Shared`]: an `Rc` that props compare by identity.
//!
//! The analysis is memoised on its inputs, so an unchanged analysis is the same `Rc`. Yew
//! compares props on every render of the parent; comparing a [`Report`](crate::core::report::Report)
//! by value would walk the whole report on each keystroke in any field.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc<T>` compared by pointer.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}
